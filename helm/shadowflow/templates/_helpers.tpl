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

{{- define "shadowflow.serviceAccountName" -}}
{{- default (include "shadowflow.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "shadowflow.operatorImage" -}}
{{- printf "%s:%s" .Values.operator.image.repository (default .Chart.AppVersion .Values.operator.image.tag) -}}
{{- end -}}

{{- define "shadowflow.engineImage" -}}
{{- printf "%s:%s" .Values.engine.image.repository (default .Chart.AppVersion .Values.engine.image.tag) -}}
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
{{- .Values.database.engineSecretName -}}
{{- end -}}
{{- end -}}

{{- define "shadowflow.postgresName" -}}
{{- printf "%s-postgresql" (include "shadowflow.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
