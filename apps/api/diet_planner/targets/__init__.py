"""The effective targets of a person's day: profile targets, adapted to the diary's progress."""
