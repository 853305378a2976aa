#!/usr/bin/env python3
"""Regenerates the deliberately broken fixtures that .ci/lint-infra.sh must see
rejected, as copies of the real templates and workflows with one defect each.
Run it after changing a template or workflow:  python3 .ci/tests/make-broken-fixtures.py
Each fixture carries "# expect-tool:", "# expect-rule:" (and "# lint-as:") headers."""
import os
root=os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
def mk(src, dst, desc, tool, rule, edits, lint_as=None):
    s=open(os.path.join(root,src)).read()
    for old,new in edits:
        assert s.count(old)==1, (dst, old, s.count(old))
        s=s.replace(old,new)
    hdr=("# BROKEN FIXTURE for .ci/lint-infra.sh - do not deploy.\n"
         "# A copy of %s with one deliberate defect: %s\n"
         "# expect-tool: %s\n# expect-rule: %s\n") % (src, desc, tool, rule)
    if lint_as: hdr+="# lint-as: %s\n" % lint_as
    p=os.path.join(root,dst)
    os.makedirs(os.path.dirname(p),exist_ok=True)
    open(p,'w').write(hdr+s)
B='cloudformation/tests/broken/'
mk('cloudformation/data.yaml',B+'rds-unencrypted.yaml','the database has StorageEncrypted: false.','cfn-guard','VOTE-RDS-1',
   [('      StorageEncrypted: true\n','      StorageEncrypted: false\n')],'data.yaml')
mk('cloudformation/data.yaml',B+'rds-public.yaml','the database has PubliclyAccessible: true.','cfn-guard','VOTE-RDS-2',
   [('      PubliclyAccessible: false\n','      PubliclyAccessible: true\n')],'data.yaml')
mk('cloudformation/service.yaml',B+'alb-443-plain-http.yaml','the listener on port 443 speaks plain HTTP.','cfn-guard','VOTE-ALB-1',
   [("""      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates:
        - CertificateArn: !Ref AlbCertificateArn
""","""      Port: 443
      Protocol: HTTP
""")],'service.yaml')
mk('cloudformation/service.yaml',B+'alb-80-forwards.yaml','the port-80 listener forwards to the tasks instead of redirecting.','cfn-guard','VOTE-ALB-2',
   [("""      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: redirect
          RedirectConfig:
            Protocol: HTTPS
            Port: '443'
            Host: '#{host}'
            Path: '/#{path}'
            Query: '#{query}'
            StatusCode: HTTP_301
""","""      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref TargetGroup
""")],'service.yaml')
mk('cloudformation/service.yaml',B+'alb-plain-http-on-8080.yaml','an extra listener serves plain HTTP on port 8080.','cfn-guard','VOTE-ALB-3',
   [("""  OriginRecord:
    Type: AWS::Route53::RecordSet""","""  DirectListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Port: 8080
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref TargetGroup

  OriginRecord:
    Type: AWS::Route53::RecordSet""")],'service.yaml')
mk('cloudformation/service.yaml',B+'loggroup-without-retention.yaml','the application log group has no RetentionInDays.','cfn-guard','VOTE-LOGS-1',
   [("""      LogGroupName: !Sub '/ecs/${ProjectName}/web'   # iam.yaml scopes the execution role to this name
      RetentionInDays: !Ref LogRetentionInDays
""","""      LogGroupName: !Sub '/ecs/${ProjectName}/web'   # iam.yaml scopes the execution role to this name
""")],'service.yaml')
mk('cloudformation/iam.yaml',B+'iam-inline-star.yaml','the task role gets an inline policy allowing "*" on "*".','cfn-guard','VOTE-IAM-1',
   [("""                aws:SourceArn: !Sub 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*'
      Tags:
        - {Key: Project, Value: !Ref ProjectName}

  # ------------------------------------------------------ GitHub OIDC deploy --""","""                aws:SourceArn: !Sub 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*'
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
      Tags:
        - {Key: Project, Value: !Ref ProjectName}

  # ------------------------------------------------------ GitHub OIDC deploy --""")],'iam.yaml')
mk('cloudformation/iam.yaml',B+'iam-managed-policy-star.yaml','a managed policy attached to the deploy role allows ["s3:GetObject", "*"] on ["*"].','cfn-guard','VOTE-IAM-2',
   [("""Outputs:
  TaskExecutionRoleArn:""","""  DeployRoleExtras:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: Extra permissions for the deploy role
      Roles: [!Ref GitHubDeployRole]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, '*']
            Resource: ['*']

Outputs:
  TaskExecutionRoleArn:""")],'iam.yaml')
mk('cloudformation/registry.yaml',B+'ecr-no-scan-on-push.yaml','the repository does not scan images on push.','cfn-guard','VOTE-ECR-1',
   [("        ScanOnPush: true\n","        ScanOnPush: false\n")],'registry.yaml')
mk('cloudformation/network.yaml',B+'lint-unknown-property.yaml','a misspelled VPC property (EnableDnsHostname).','cfn-lint','EnableDnsHostname is not a valid property of AWS::EC2::VPC',
   [("      EnableDnsHostnames: true","      EnableDnsHostname: true")],'network.yaml')
mk('cloudformation/data.yaml',B+'lint-bad-getatt.yaml','an output reads an attribute the DB instance does not have (Endpoint.Adress).','cfn-lint','No such attribute Endpoint.Adress on AWS::RDS::DBInstance',
   [("    Value: !GetAtt Database.Endpoint.Address\n    Export: {Name: !Sub '${AWS::StackName}-DatabaseEndpoint'}","    Value: !GetAtt Database.Endpoint.Adress\n    Export: {Name: !Sub '${AWS::StackName}-DatabaseEndpoint'}")],'data.yaml')
mk('cloudformation/service.yaml',B+'lint-missing-required.yaml','the scalable target lacks the required MaxCapacity.','cfn-lint','Required property MaxCapacity missing',
   [("      MaxCapacity: !Ref MaxCapacity\n","")],'service.yaml')
mk('cloudformation/edge.yaml',B+'lint-undefined-ref.yaml','a record refers to a parameter that does not exist (HostedZone).','cfn-lint','Referenced value HostedZone does not exist',
   [("""    Condition: CreateDnsRecords
    Properties:
      HostedZoneId: !Ref HostedZoneId
      Name: !Ref AppDomainName
      Type: A
""","""    Condition: CreateDnsRecords
    Properties:
      HostedZoneId: !Ref HostedZone
      Name: !Ref AppDomainName
      Type: A
""")],'edge.yaml')
G='.github/tests/broken/'
mk('.github/workflows/ci.yml',G+'ci-needs-unknown-job.yml','the image job needs a job that does not exist ("biuld").','actionlint','job-needs',
   [("    needs: build\n","    needs: biuld\n")])
mk('.github/workflows/cd.yml',G+'cd-untrusted-input.yml','a run script interpolates the commit message (script injection).','actionlint','expression',
   [("""      - name: Compute image tags
        id: tags
        run: |
""","""      - name: Compute image tags
        id: tags
        run: |
          echo "releasing: ${{ github.event.head_commit.message }}"
""")])
mk('.github/workflows/cd.yml',G+'cd-misspelled-action-input.yml','the OIDC role is passed as "role-to-asume", an input the action does not have.','actionlint','action',
   [("""          role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}
          role-session-name: vote-image-${{ github.run_id }}""","""          role-to-asume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}
          role-session-name: vote-image-${{ github.run_id }}""")])
print("fixtures written under", root)
