// The embed example's host code: view buttons, theme, and the element's events.
const report = document.getElementById('report');
for (const button of document.querySelectorAll('[data-view]')) {
  button.addEventListener('click', () => { report.view = button.dataset.view; });
}
document.getElementById('theme').addEventListener('click', (event) => {
  const dark = report.getAttribute('theme') !== 'dark';
  report.setAttribute('theme', dark ? 'dark' : 'light');
  document.body.classList.toggle('dark', dark);
  event.target.textContent = dark ? 'Light theme' : 'Dark theme';
});
report.addEventListener('frictionlens-ready', (event) => {
  window.frictionlensReport = event.detail; // for the Playwright test and the console
});
report.addEventListener('frictionlens-step-click', ({ detail }) => {
  document.getElementById('clicked').textContent =
    `${detail.name}: ${detail.count.toLocaleString('en-US')} (${(100 * detail.conversion).toFixed(1)}% of the first step)`;
});
