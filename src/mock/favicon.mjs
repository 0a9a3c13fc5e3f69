// The package's icon: one SVG for the mock's /favicon.ico and the docs page's `<link rel="icon">`.
// Plain JavaScript, so the docs build (scripts/) loads it as it is and the mock imports it.

/** The icon, as SVG markup. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3b3b98"/><path d="M6 4.5v7l5.5-3.5z" fill="#fff"/></svg>`;
