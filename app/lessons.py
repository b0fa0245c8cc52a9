"""Command line for lessons: ``python -m app.lessons make-default | check FILE`` (see app.classroom.lessons)."""
import sys

from app.classroom.lessons import main

if __name__ == "__main__":
    sys.exit(main())
