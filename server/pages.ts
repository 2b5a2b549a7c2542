/** Small server-rendered pages for people who are not signed in. They hold no user text. */
function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Crosswalk</title>
<style>
body{font:17px/1.6 Georgia,'Iowan Old Style',serif;color:#1f2328;background:#f6f4ef;margin:0;display:grid;place-items:center;min-height:100vh}
main{max-width:32rem;padding:2rem;background:#fff;border:1px solid #e3ded3;border-radius:10px}
h1{font:600 1.3rem/1.3 system-ui,sans-serif;margin:0 0 .5rem}
p{margin:.5rem 0}code{font-size:.9em;background:#f0ede6;padding:.1em .3em;border-radius:4px}
</style></head>
<body><main><h1>${title}</h1>${message}</main></body></html>`;
}

export const linkSpentPage = page(
  'This sign-in link no longer works',
  `<p>Each sign-in link works once and for a day. It has been used already, has expired, or was mistyped.</p>
<p>Ask the workspace owner for a new link, <a href="/login">sign in with your password</a>, or restart the server to print a new owner link.</p>`,
);

export const clientMissingPage = page(
  'The app is not built yet',
  `<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first) and reload.</p>`,
);
