"""One model family per module: counts, var, count_hawkes, hawkes, phases, timing."""
