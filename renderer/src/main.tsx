import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { detectPlatform } from './platform';
import { useLocaleStore } from './stores/locale';
import './ui/styles.css';

document.documentElement.lang = useLocaleStore.getState().locale;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App platform={detectPlatform()} />
  </StrictMode>,
);
