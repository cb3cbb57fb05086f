"""Differential tests of semac against the reference Sema interpreter."""
