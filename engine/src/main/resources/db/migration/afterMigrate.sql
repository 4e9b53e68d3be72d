-- After every migration: tenant rights and row-level security on every table (see V8).
SELECT grant_tenant_access();
