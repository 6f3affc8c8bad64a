"""Actors: gazetteer, matching, discovery, co-mentions and networks."""
