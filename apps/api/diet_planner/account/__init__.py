"""A person's account as a whole: reading it, exporting everything they own, deleting it. Composes every
domain, so it sits at the app level, above them all."""
