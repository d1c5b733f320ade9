"""``python -m generator.cli``: the ``opsreport`` command."""

from generator.cli import main

if __name__ == "__main__":
    main()
