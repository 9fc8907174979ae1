"""The simulation engine: a SimPy model of one project, played a week at a time."""
