"""Tests of the payroll engine: hand-computed payslips, properties, small units."""
