/**
 * Posts the page's one form as soon as it loads: the deep-linking answer to the platform
 * (/lti/autosubmit.js) and the demo LMS's id_token to the tool (/demo/autosubmit.js). The form
 * has a Continue button for whoever has scripts off.
 */
document.forms[0]?.submit();
