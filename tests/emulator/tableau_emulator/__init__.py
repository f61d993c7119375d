"""A local, in-memory Tableau Server REST API emulator for offline tests of ``tableau.server``."""
