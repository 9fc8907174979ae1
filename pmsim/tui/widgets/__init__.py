"""Widgets that render a `PlayerView` (bound to their screen's `view` reactive) and hold
no game state of their own."""
