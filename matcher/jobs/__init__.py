"""The worker's durable job queue: matching runs and scheduled passes, each run once."""
