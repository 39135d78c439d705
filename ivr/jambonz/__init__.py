"""The jambonz adapter: the same call flow answered as jambonz verbs (JSON), beside the TwiML one."""
