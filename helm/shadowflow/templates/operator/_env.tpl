{{/*
The operator's environment: the variables OperatorOptions reads (docs/operator.md). A test checks
every name here against the options class.
*/}}
{{- define "shadowflow.operatorEnv" -}}
{{- $dbSecret := include "shadowflow.operatorDatabaseSecret" . -}}
- name: SHADOWFLOW_JDBC_URL
  valueFrom: {secretKeyRef: {name: {{ $dbSecret }}, key: jdbc-url}}
- name: SHADOWFLOW_DB_USER
  valueFrom: {secretKeyRef: {name: {{ $dbSecret }}, key: username, optional: true}}
- name: SHADOWFLOW_DB_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $dbSecret }}, key: password, optional: true}}
- name: SHADOWFLOW_DB_SCHEMA
  value: {{ .Values.database.schema | quote }}
- name: SHADOWFLOW_DB_POOL_SIZE
  value: {{ .Values.operator.dbPoolSize | quote }}
{{- with .Values.operator.watchNamespaces }}
- name: SHADOWFLOW_WATCH_NAMESPACES
  value: {{ join "," . | quote }}
{{- end }}
- name: SHADOWFLOW_ENGINE_IMAGE
  value: {{ include "shadowflow.image" (dict "image" .Values.engine.image "root" .) | quote }}
- name: SHADOWFLOW_ENGINE_IMAGE_PULL_POLICY
  value: {{ .Values.engine.image.pullPolicy | quote }}
- name: SHADOWFLOW_DATABASE_SECRET
  value: {{ .Values.database.engineSecretName | quote }}
{{- with .Values.engine.serviceAccount }}
- name: SHADOWFLOW_ENGINE_SERVICE_ACCOUNT
  value: {{ . | quote }}
{{- end }}
- name: SHADOWFLOW_ENGINE_CPU_REQUEST
  value: {{ .Values.engine.resources.cpuRequest | quote }}
- name: SHADOWFLOW_ENGINE_MEMORY_REQUEST
  value: {{ .Values.engine.resources.memoryRequest | quote }}
- name: SHADOWFLOW_ENGINE_MEMORY_LIMIT
  value: {{ .Values.engine.resources.memoryLimit | quote }}
- name: SHADOWFLOW_ENGINE_BACKOFF_LIMIT
  value: {{ .Values.engine.backoffLimit | quote }}
- name: SHADOWFLOW_ENGINE_PARK_AFTER
  value: {{ .Values.engine.parkAfter | quote }}
- name: SHADOWFLOW_ENGINE_METRICS_PORT
  value: {{ .Values.engine.metricsPort | quote }}
{{- with .Values.engine.allowedImages }}
- name: SHADOWFLOW_ENGINE_ALLOWED_IMAGES
  value: {{ join "," . | quote }}
{{- end }}
{{- with .Values.engine.namespaceImages }}
- name: SHADOWFLOW_ENGINE_NAMESPACE_IMAGES
  value: {{ include "shadowflow.pairs" . | quote }}
{{- end }}
{{- with .Values.engine.egress.clusterCidrs }}
- name: SHADOWFLOW_CLUSTER_CIDRS
  value: {{ join "," . | quote }}
{{- end }}
{{- with .Values.engine.egress.allow }}
- name: SHADOWFLOW_ENGINE_EGRESS_ALLOW
  value: {{ join "," . | quote }}
{{- end }}
- name: SHADOWFLOW_RESYNC
  value: {{ .Values.operator.resync | quote }}
- name: SHADOWFLOW_RETAIN_RUNS
  value: {{ .Values.operator.retainRuns | quote }}
- name: SHADOWFLOW_RECONCILE_THREADS
  value: {{ .Values.operator.reconcileThreads | quote }}
- name: SHADOWFLOW_HTTP_PORT
  value: {{ .Values.operator.httpPort | quote }}
{{- if .Values.console.enabled }}
- name: SHADOWFLOW_CONSOLE_PORT
  value: {{ .Values.console.port | quote }}
- name: SHADOWFLOW_CONSOLE_AUTH_CACHE
  value: {{ .Values.console.authCache | quote }}
{{- end }}
- name: SHADOWFLOW_SHUTDOWN_TIMEOUT
  value: {{ .Values.operator.shutdownTimeout | quote }}
- name: SHADOWFLOW_LEADER_ELECTION
  value: {{ include "shadowflow.leaderElection" . | quote }}
- name: SHADOWFLOW_LEASE_NAME
  value: {{ .Values.operator.leaseName | quote }}
- name: POD_NAMESPACE
  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
- name: POD_NAME
  valueFrom: {fieldRef: {fieldPath: metadata.name}}
- name: SHADOWFLOW_LOG_LEVEL
  value: {{ .Values.operator.logLevel | quote }}
{{- end -}}
