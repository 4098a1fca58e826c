"""Money kept by the coordinator: EU payments received (receipts.py), the yearly
allocations for twin-town work and project preparation with what they were spent on
(allocations.py), and the hourly rate that values own staff time (rates.py). Readers see
it all; only the coordinator writes, and every write goes through finance/services.py."""
