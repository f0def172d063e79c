// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // Password rules tick off while the user types. Length and character classes are checked
  // here; "not common" and "not personal" need the server's dictionaries (/password-check).
  var form = document.querySelector('[data-password-form]');
  if (form) {
    var password = form.querySelector('input[name="password"]');
    var csrf = form.querySelector('input[name="_csrf"]');
    var token = form.querySelector('input[name="token"]');
    var items = {};
    form.querySelectorAll('[data-rule]').forEach(function (li) {
      items[li.getAttribute('data-rule')] = li;
    });
    var mark = function (rule, ok) {
      if (items[rule]) items[rule].classList.toggle('met', ok);
    };
    var timer;
    password.addEventListener('input', function () {
      var p = password.value;
      mark('classes', /[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p));
      mark('min_length', p.length >= 12);
      mark('max_length', p.length > 0 && p.length <= 128);
      clearTimeout(timer);
      timer = setTimeout(function () {
        var fields = new URLSearchParams();
        fields.set('_csrf', csrf.value);
        fields.set('password', p);
        var username = form.querySelector('input[name="username"]');
        var email = form.querySelector('input[name="email"]');
        if (username) fields.set('username', username.value);
        if (email) fields.set('email', email.value);
        if (token) fields.set('token', token.value);
        fetch('/password-check', { method: 'POST', body: fields, credentials: 'same-origin' })
          .then(function (r) {
            return r.ok ? r.json() : null;
          })
          .then(function (rules) {
            if (!rules) return;
            Object.keys(rules).forEach(function (rule) {
              mark(rule, rules[rule]);
            });
          })
          .catch(function () {});
      }, 250);
    });
  }

  // Recovery codes: copy, download and print.
  var actions = document.querySelector('[data-recovery-actions]');
  if (actions) {
    actions.hidden = false;
    var list = document.getElementById('recovery-codes');
    var text =
      Array.prototype.map
        .call(list.querySelectorAll('code'), function (c) {
          return c.textContent;
        })
        .join('\n') + '\n';
    var copy = actions.querySelector('[data-copy]');
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(text).then(function () {
        copy.textContent = copy.getAttribute('data-done');
      });
    });
    var download = actions.querySelector('[data-download]');
    download.addEventListener('click', function () {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      a.download = download.getAttribute('data-filename');
      a.click();
    });
    actions.querySelector('[data-print]').addEventListener('click', function () {
      window.print();
    });
  }
})();
