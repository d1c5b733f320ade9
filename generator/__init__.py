"""opsreport: a static report site for an Alibaba.com International Station store."""

__version__ = "0.1.0"
