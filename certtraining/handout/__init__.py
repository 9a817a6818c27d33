"""Self-contained, print-ready HTML handouts of the lessons (learner and instructor copies).

``certtraining.handout.exporter.HandoutExporter`` is the nbconvert exporter (entry point
``certtraining_handout``); ``certtraining.handout.build`` executes notebooks and writes a
folder of handouts with an index; ``certtraining.cli.handouts`` is ``certtraining handouts``.
"""
