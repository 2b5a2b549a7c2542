import { render } from 'preact';
import '@fontsource-variable/source-serif-4';
import '@fontsource-variable/source-serif-4/wght-italic.css';
import '@fontsource-variable/inter';
import './styles.css';
import { App, type Session } from './components/App.js';
import { InvitePage, LoginPage } from './components/PublicPages.js';
import { api, ApiError } from './api.js';

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const invite = /^\/invite\/([^/]+)$/.exec(location.pathname);
  if (invite) return render(<InvitePage token={decodeURIComponent(invite[1]!)} />, root);
  if (location.pathname === '/login') return render(<LoginPage />, root);
  try {
    const session = await api<Session>('/api/session');
    render(<App session={session} />, root);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
    else throw error;
  }
}

void start();
