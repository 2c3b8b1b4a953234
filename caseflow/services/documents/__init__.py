"""Certificates: drafting, issuing, the register, the checks of their content."""
