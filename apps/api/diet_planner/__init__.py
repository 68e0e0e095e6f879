"""Diet Planner: DRI targets, optimised meal plans, diary and progress."""

__version__ = "0.1.0"
