// Volume kernels and price levels (pivots).
