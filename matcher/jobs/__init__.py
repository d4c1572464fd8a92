"""The worker's job queue (the lead's package; this branch holds only ``enqueue``)."""
