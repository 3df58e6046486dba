"""The benchmark harness behind `make bench` (see docs/bench.md)."""
