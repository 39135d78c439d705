"""The phone side: call flow, TwiML, webhooks."""
