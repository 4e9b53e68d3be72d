-- Tenant isolation by row-level security: each namespace's engine pods log in with a role of their
-- own, a member of this schema's tenant group, and see, change and delete only their namespace's
-- rows. The schema's owner (the operator) is not subject to the policies. Why rows and not a schema
-- per namespace: docs/tenancy.md.

-- Which role is which namespace's; TenantRoles writes it when the operator provisions a namespace.
CREATE TABLE tenants (
    namespace  text        PRIMARY KEY,
    role_name  name        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Roles are cluster-wide, schemas are not: the group is named after the schema so that two
-- installations (or two test schemas) in one cluster never share it.
CREATE FUNCTION tenant_group() RETURNS name LANGUAGE sql IMMUTABLE AS $$
    SELECT ('${flyway:defaultSchema}' || '_tenant')::name
$$;

-- The policy of one table, or null when its rows belong to no namespace (a tenant then sees none of
-- them). A table is a tenant's by its namespace column, or through its shadow run or its run.
CREATE FUNCTION tenant_rule(schema_name name, table_name name) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    has_column CONSTANT text := 'SELECT EXISTS (SELECT 1 FROM information_schema.columns'
        ' WHERE table_schema = $1 AND table_name = $2 AND column_name = $3)';
    found boolean;
BEGIN
    IF table_name = 'tenants' THEN
        RETURN 'role_name = current_user';
    END IF;
    EXECUTE has_column INTO found USING schema_name, table_name, 'namespace';
    IF found THEN
        RETURN format('namespace = (SELECT t.namespace FROM %I.tenants t WHERE t.role_name = current_user)',
                      schema_name);
    END IF;
    EXECUTE has_column INTO found USING schema_name, table_name, 'shadow_run_id';
    IF found THEN
        RETURN format('EXISTS (SELECT 1 FROM %1$I.shadow_runs p WHERE p.shadow_run_id = %2$I.shadow_run_id)',
                      schema_name, table_name);
    END IF;
    EXECUTE has_column INTO found USING schema_name, table_name, 'run_id';
    IF found THEN
        RETURN format('EXISTS (SELECT 1 FROM %1$I.runs p WHERE p.run_id = %2$I.run_id)',
                      schema_name, table_name);
    END IF;
    RETURN NULL;
END;
$$;

-- Gives the tenant group its rights on every table and view of the schema, with row-level security
-- on every table. Flyway's afterMigrate callback runs it after each migration, so a table added by a
-- later migration is covered without anyone remembering to.
CREATE FUNCTION grant_tenant_access() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s     CONSTANT name := '${flyway:defaultSchema}';
    grp   CONSTANT name := tenant_group();
    t     record;
    rule  text;
BEGIN
    BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', grp);
    EXCEPTION WHEN duplicate_object THEN
        NULL;
    END;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, grp);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, grp);
    FOR t IN
        SELECT c.relname, c.relkind
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = s AND c.relkind IN ('r', 'p', 'v') AND c.relname <> 'flyway_schema_history'
    LOOP
        IF t.relkind = 'v' THEN
            -- A view reads its tables with the reader's rights, so the policies apply through it.
            EXECUTE format('ALTER VIEW %I.%I SET (security_invoker = true)', s, t.relname);
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', s, t.relname, grp);
            CONTINUE;
        END IF;
        rule := tenant_rule(s, t.relname);
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', s, t.relname);
        EXECUTE format('DROP POLICY IF EXISTS tenant_rows ON %I.%I', s, t.relname);
        EXECUTE format('REVOKE ALL ON %I.%I FROM %I', s, t.relname, grp);
        IF rule IS NULL THEN
            CONTINUE;
        END IF;
        EXECUTE format('CREATE POLICY tenant_rows ON %I.%I TO %I USING (%s) WITH CHECK (%s)',
                       s, t.relname, grp, rule, rule);
        IF t.relname = 'tenants' THEN
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', s, t.relname, grp);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', s, t.relname, grp);
        END IF;
    END LOOP;
END;
$$;
