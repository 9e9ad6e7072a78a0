# Written by hand (other apps' migrations were being edited concurrently), as makemigrations would.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        ('organizations', '0001_initial'),
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='signedcopy',
            name='kind',
            field=models.CharField(choices=[('personal', 'Chữ ký số cá nhân'), ('agency', 'Chữ ký số của cơ quan')], default='personal', max_length=16, verbose_name='loại chữ ký'),
        ),
        migrations.CreateModel(
            name='AgencyToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('module_path', models.CharField(blank=True, max_length=255, verbose_name='thư viện PKCS#11')),
                ('token_label', models.CharField(blank=True, max_length=64, verbose_name='nhãn thiết bị ký số')),
                ('key_label', models.CharField(blank=True, max_length=64, verbose_name='nhãn khóa ký')),
                ('cert_label', models.CharField(blank=True, max_length=64, verbose_name='nhãn chứng thư số')),
                ('seal_image', models.BinaryField(blank=True, default=b'', verbose_name='ảnh con dấu')),
                ('seal_size_mm', models.FloatField(default=34.0, verbose_name='đường kính con dấu (mm)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='agency_token', to='organizations.orgunit', verbose_name='đơn vị')),
                ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={'verbose_name': 'thiết bị ký số của cơ quan', 'verbose_name_plural': 'thiết bị ký số của cơ quan'},
        ),
        migrations.CreateModel(
            name='SignatureImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.BinaryField(verbose_name='ảnh chữ ký')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='signature_image', to=settings.AUTH_USER_MODEL)),
            ],
            options={'verbose_name': 'ảnh chữ ký', 'verbose_name_plural': 'ảnh chữ ký'},
        ),
        migrations.CreateModel(
            name='PendingSignature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('prepared_pdf', models.BinaryField()),
                ('document_digest', models.CharField(max_length=128)),
                ('reserved_start', models.PositiveBigIntegerField()),
                ('reserved_end', models.PositiveBigIntegerField()),
                ('md_algorithm', models.CharField(default='sha256', max_length=16)),
                ('signer_cert', models.BinaryField()),
                ('signer_name', models.CharField(blank=True, max_length=255, verbose_name='người ký')),
                ('organisation', models.CharField(blank=True, max_length=255, verbose_name='cơ quan')),
                ('field_name', models.CharField(max_length=64)),
                ('signing_time', models.DateTimeField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reports.report')),
            ],
            options={'ordering': ['-created_at'], 'verbose_name': 'chữ ký đang chờ', 'verbose_name_plural': 'chữ ký đang chờ'},
        ),
    ]
