"""The call flow, pure: what a caller hears and where the call goes, as plain data.

steps (what the flow answers, the call's state and its nodes), context (what a step knows),
menus (the menus as tables), flow (``respond``), catalogue (every sentence the flow can say, for
synthesis) and events (the analytics events, from the marks the flow puts in its turns).
No Flask, database or Twilio here: ivr.voice is the adapter that serves it to Twilio.
"""
