"""Stage 1: YAML files -> a validated `Workspace`.

The model, the settings, YAML reading and problem reporting.  Nothing here imports the
later stages (compose, writers, build, cli).
"""
