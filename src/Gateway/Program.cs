// Composition root placeholder; replaced by the gateway host.
return 0;
