import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-600.css';
import './app.css';
import './map/layers/legend.css';
import { mount } from 'svelte';
import App from './App.svelte';

// Test and debugging hook (state, map), filled in by App and MapView.
(window as unknown as { __vk: Record<string, unknown> }).__vk ??= {};

mount(App, { target: document.getElementById('app')! });
