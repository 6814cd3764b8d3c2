"""Payroll: gross to net with the dated French rules, one payslip per employee and month.

The engine is plain Python on Decimal, one payslip at a time, because each payslip line
must be explained (base, rate, parameter file, source rows) and rounded at its own line:

- `model`: the inputs (employee, contract, organisation settings, month variables) and the
  outputs (`PayLine`, `Payslip`, `YearToDate`), with no I/O;
- `rates`: the legal parameters of a month, each read value remembered for the explain view;
- `hours`: the month's scheduled hours, the contract's monthly hours and the overtime weeks;
- `gross`: the gross pay lines (base, prorata, absences, overtime, premiums, benefits);
- `contributions`: the employee and employer contribution lines on their legal bases;
- `reductions`: the RGDU (year-to-date), the overtime reductions;
- `net`: net social, net taxable, withholding tax, net to pay, employer cost;
- `engine`: one payslip, and a year of payslips for an employee (cumulative figures);
- `workbook_inputs`: the inputs read from the validated workbooks;
- `simulator`: the inputs of a hypothetical employee, for ``agora paie simuler``.
"""
