"""Tests of the built intranet sites in headless Chromium, and their shared builds."""
