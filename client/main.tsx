import { render } from 'preact';
import '@fontsource-variable/source-serif-4';
import '@fontsource-variable/source-serif-4/wght-italic.css';
import '@fontsource-variable/inter';
import './styles.css';
import { App, type Session } from './components/App.js';

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  if (!response.ok) {
    location.reload();
    return;
  }
  const session = (await response.json()) as Session;
  render(<App session={session} />, root);
}

void start();
