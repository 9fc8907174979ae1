"""The game's screens, one a module: start, briefing, dashboard, debrief."""
