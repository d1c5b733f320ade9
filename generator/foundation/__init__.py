"""The foundation every stage stands on, importing nothing else of opsreport: errors, every time
rule (periods), files, worker processes (parallel, lifeline), the platform's differences
(portable) and where the page templates are (resources)."""
