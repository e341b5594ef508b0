import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

/** One page app, two faces: the member client under /m/ and /join, the admin console everywhere else. */
const isMemberPath = /^\/(m|join)(\/|$)/.test(window.location.pathname);
const App = isMemberPath
  ? lazy(() => import('./member/member-app').then((m) => ({ default: m.MemberApp })))
  : lazy(() => import('./admin/admin-app').then((m) => ({ default: m.AdminApp })));

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <Suspense fallback={null}>
      <App />
    </Suspense>
  </StrictMode>,
);
