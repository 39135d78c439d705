"""Text-to-speech for the IVR.

    engines/     what an engine is (base), eSpeak NG and gTTS, and the registry (IVR_TTS, fallback)
    telephone    speech to telephone audio (8 kHz mono µ-law WAV)
    store        the audio files on disk, named by the hash of what made them
    clips        the clip table: which sentence has which file
    library      the webhook's lookup: sentence -> stored file
    synthesis    making audio: engine -> telephone audio -> store, and its clip row
    queue        when to make what (after a save, daily, what a call met without audio); init_app
    routes       serving the stored files to Twilio's <Play>

Nothing is imported here, so importing one module (the clip table, say) loads no engine.
"""
