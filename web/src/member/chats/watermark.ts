/**
 * A tiled text watermark as a CSS background: an SVG tile with the reader's name and userid, rotated.
 * Built from text nodes (escaped), so a name cannot break out of the SVG.
 */
export function watermarkBackground(name: string, userId: string): string {
  const text = `${name} ${userId}`.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="90">` +
    `<text x="10" y="55" transform="rotate(-20 90 45)" fill="rgba(0,0,0,0.12)" font-size="13" ` +
    `font-family="sans-serif">${text}</text></svg>`;
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}")`;
}
