{{/* Names and labels shared by every template. */}}
{{- define "shadowflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "shadowflow.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "shadowflow.operatorSelector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{/* The console's Service and Ingress (console.enabled). */}}
{{- define "shadowflow.consoleName" -}}
{{- printf "%s-console" (include "shadowflow.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "shadowflow.serviceAccountName" -}}
{{- default (include "shadowflow.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* repository:tag of (dict "image" .Values.X.image "root" .); the tag defaults to appVersion. */}}
{{- define "shadowflow.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* "true" when leader election is on: asked for, or "auto" with more than one replica. */}}
{{- define "shadowflow.leaderElection" -}}
{{- $le := toString .Values.operator.leaderElection -}}
{{- if eq $le "auto" -}}
{{- gt (int .Values.operator.replicas) 1 | toString -}}
{{- else -}}
{{- $le -}}
{{- end -}}
{{- end -}}

{{/* The Secret the operator reads its own connection from. */}}
{{- define "shadowflow.operatorDatabaseSecret" -}}
{{- if .Values.database.existingSecret -}}
{{- .Values.database.existingSecret -}}
{{- else -}}
{{- include "shadowflow.postgresApplicationSecret" . -}}
{{- end -}}
{{- end -}}

{{/* "true" when the chart runs its own PostgreSQL: bundled, and no existing Secret overrides it. */}}
{{- define "shadowflow.bundledDatabase" -}}
{{- if and .Values.database.bundled.enabled (not .Values.database.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{- define "shadowflow.postgresName" -}}
{{- printf "%s-postgresql" (include "shadowflow.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The bundled database's application credentials, for the operator. Not engineSecretName: the
operator provisions and deletes that Secret in every namespace with Workflows, the release's
namespace included, and must never overwrite or delete its own connection.
*/}}
{{- define "shadowflow.postgresApplicationSecret" -}}
{{- printf "%s-application" (include "shadowflow.postgresName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "shadowflow.postgresSuperuserSecret" -}}
{{- printf "%s-superuser" (include "shadowflow.postgresName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The key "password" of the Secret (dict "root" . "name" NAME) in the release namespace if it exists,
else 32 new random characters: generated once, kept by every upgrade.
*/}}
{{- define "shadowflow.keptPassword" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if and $existing $existing.data (hasKey $existing.data "password") -}}
{{- index $existing.data "password" | b64dec -}}
{{- else -}}
{{- randAlphaNum 32 -}}
{{- end -}}
{{- end -}}

{{/* A map as key=value pairs joined by commas, sorted by key: what picocli reads into a Map. */}}
{{- define "shadowflow.pairs" -}}
{{- $pairs := list -}}
{{- range $key, $value := . -}}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}
