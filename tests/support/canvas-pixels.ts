// Counts canvas pixels close to given colours — proof that a series was really painted.
// Runs in the page (browser mode or page.evaluate via its source).

export function countColorPixels(canvas: HTMLCanvasElement, colors: readonly (readonly [number, number, number])[], tolerance = 40): number[] {
  const ctx = canvas.getContext('2d')!;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const counts = colors.map(() => 0);
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 128) continue;
    for (let c = 0; c < colors.length; c++) {
      const [r, g, b] = colors[c];
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= tolerance) counts[c]++;
    }
  }
  return counts;
}
