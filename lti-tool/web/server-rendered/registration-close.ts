/**
 * Ends a dynamic registration (/lti/registration-close.js): tells the LMS window that opened
 * the registration page to close it (LTI Dynamic Registration, `org.imsglobal.lti.close`).
 */
(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
