"""Metrics: pure functions from store tables to result tables, given an explicit as-of date."""

from .registry import KPIS, METRICS, Metric

__all__ = ["KPIS", "METRICS", "Metric"]
