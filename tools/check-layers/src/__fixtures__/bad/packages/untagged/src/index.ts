import '@swespot/ghost/register';
