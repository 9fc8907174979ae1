"""pmsim: a project management training simulator."""
