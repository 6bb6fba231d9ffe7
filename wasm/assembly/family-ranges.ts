// Range and band kernels (highest/lowest over a window, standard-deviation bands).
