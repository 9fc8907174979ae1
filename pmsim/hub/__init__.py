"""The live workshop hub (`pmsim host`): games stream their logs to it as they play,
the facilitator watches every team and steers the room, and finished games are
recorded and verified by replay at once. See `server` (the aiohttp app), `state` (what
the hub holds, on disk), `protocol` (the messages) and `client` (a game's link)."""
