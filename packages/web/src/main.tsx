import { render } from 'preact';
import { App } from './app.tsx';
import { registerServiceWorker } from './app-shell/register.ts';
import { startLanguage } from './i18n/index.ts';
import './styles.css';

registerServiceWorker();
const root = document.getElementById('app');
// The first paint is already in the reader's language; a catalogue that fails to load leaves the keys.
if (root) void startLanguage().finally(() => render(<App />, root));
